# expect: nmcli/missing-prefix
sudo nmcli connection modify ens33 ipv4.method manual ipv4.addresses 10.7.0.128 ipv4.gateway 10.7.0.2
