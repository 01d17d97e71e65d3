# expect: shell/config-as-command
sudo vim /etc/network/interfaces
auto ens33
iface ens33 inet static
address 10.7.0.128
netmask 255.255.255.0
gateway 10.7.0.2
