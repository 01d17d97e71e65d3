# expect: shell/syntax
if ping -c 1 10.7.0.2; then
    echo up
