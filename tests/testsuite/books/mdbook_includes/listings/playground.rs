# fn playground_secret() {}
fn main() {
    println!("Hello, playground");
}
