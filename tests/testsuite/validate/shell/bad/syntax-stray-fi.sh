# expect: shell/syntax
ping -c 1 10.7.0.2 && echo up
fi
