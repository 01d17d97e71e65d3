# expect: nmcli/invalid-setting
sudo nmcli connection modify ens33 ip4.addresses 10.7.0.128/24
