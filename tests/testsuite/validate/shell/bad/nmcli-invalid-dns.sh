# expect: nmcli/invalid-dns
sudo nmcli connection modify ens33 ipv4.dns "10.7.0.2;114.114.114.114"
