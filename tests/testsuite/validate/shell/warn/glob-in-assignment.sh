# expect: shell/glob-in-assignment
files=/etc/netplan/*.yaml
ls -l "$files"
