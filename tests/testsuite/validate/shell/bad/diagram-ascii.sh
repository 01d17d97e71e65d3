# expect: shell/config-as-command
host --- vmnet8 --- guest
