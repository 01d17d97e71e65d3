# expect: shell/config-as-command
vim /etc/sysconfig/network-scripts/ifcfg-ens33
BOOTPROTO=static
ONBOOT=yes
IPADDR=10.7.0.128
PREFIX=24
GATEWAY=10.7.0.2
sudo systemctl restart network
