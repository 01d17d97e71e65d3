# expect: shell/config-as-command
sudo vim /etc/resolvconf/resolv.conf.d/base
search localdomain
nameserver 114.114.114.114
nameserver 8.8.8.8
