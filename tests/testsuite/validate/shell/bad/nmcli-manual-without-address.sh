# expect: nmcli/manual-without-address
sudo nmcli connection add type ethernet ifname ens33 ipv4.method manual ipv4.gateway 10.7.0.2
