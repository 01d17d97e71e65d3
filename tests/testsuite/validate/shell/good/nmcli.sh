nmcli connection show
nmcli connection modify ens33 ipv4.method manual \
    ipv4.addresses 10.7.0.128/24 \
    ipv4.gateway 10.7.0.2 \
    ipv4.dns "10.7.0.2 8.8.8.8"
nmcli connection up ens33
