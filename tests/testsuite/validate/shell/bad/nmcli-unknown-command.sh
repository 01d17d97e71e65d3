# expect: nmcli/unknown-command
nmcli connection modfy ens33 ipv4.method auto
