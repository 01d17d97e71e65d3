# expect: shell/config-as-command
net.ipv4.ip_forward=1
