# expect: nmcli/invalid-method
sudo nmcli connection modify ens33 ipv4.method fixed ipv4.addresses 10.7.0.128/24
