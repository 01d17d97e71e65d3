# The RHEL 9 tab's commands, and the forms nmcli accepts: prefixes of
# objects, commands, settings, properties and methods, aliases, modifiers.
sudo nmcli connection modify ens33 ipv4.method manual ipv4.addresses 10.7.0.128/24 ipv4.gateway 10.7.0.2 ipv4.dns "10.7.0.2 114.114.114.114" ipv4.dns-search localdomain
sudo nmcli connection up ens33
nmcli c m ens33 ipv4.addr 10.7.0.128/24,10.7.0.129/24 ipv4.meth man +ipv4.dns 8.8.8.8,1.1.1.1
nmcli con add type ethernet con-name lab ifname ens33 ip4 10.7.0.130/24 gw4 10.7.0.2
nmcli connection modify id ens33 ipv4.method static ipv4.addresses 10.7.0.128/24 -ipv4.dns 0
nmcli -t -f NAME,DEVICE connection show --active
nmcli connection modify "$CON" ipv4.addresses "$ADDR"
sudo nmcli connection reload
