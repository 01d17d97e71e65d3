# expect: shell/config-as-command
sudo netplan apply
        - 10.7.0.128/24
