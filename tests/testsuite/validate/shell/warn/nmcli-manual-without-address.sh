# expect: nmcli/manual-without-address
# On a profile that has no address yet, this fails.
sudo nmcli connection modify ens33 ipv4.method manual
