# expect: shell/config-as-command
[main]
plugins=ifupdown,keyfile

[ifupdown]
managed=true
