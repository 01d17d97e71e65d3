# Ubuntu 16.04: append a static stanza and bring the interface up again
sudo tee -a /etc/network/interfaces > /dev/null <<EOF
auto ens33
iface ens33 inet static
    address 10.7.0.128/24
    gateway 10.7.0.2
    dns-nameservers 10.7.0.2 8.8.8.8
EOF
sudo ifdown ens33 && sudo ifup ens33
