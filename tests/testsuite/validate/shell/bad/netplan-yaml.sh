# expect: shell/config-as-command
network:
  version: 2
  ethernets:
    ens33:
      dhcp4: no
      addresses: [10.7.0.128/24]
