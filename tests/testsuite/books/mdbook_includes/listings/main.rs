// ANCHOR: helper
fn helper_hidden_away() -> u32 {
    42
}
// ANCHOR_END: helper

// ANCHOR: main
fn main() {
    println!("{}", helper_hidden_away());
}
// ANCHOR_END: main
