# expect: shell/unused-variable
iface=ens33
ip addr show ens33
