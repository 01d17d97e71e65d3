# expect: shell/syntax
ip addr show >
