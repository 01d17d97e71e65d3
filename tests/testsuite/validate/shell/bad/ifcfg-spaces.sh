# expect: shell/config-as-command
IPADDR = 10.7.0.128
