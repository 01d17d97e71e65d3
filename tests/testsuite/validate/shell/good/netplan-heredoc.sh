# Ubuntu 20.04+: write the netplan file, keep it private, apply it
sudo touch /etc/netplan/99_config.yaml
sudo chmod 600 /etc/netplan/99_config.yaml
cat <<'EOF' | sudo tee /etc/netplan/99_config.yaml
network:
  version: 2
  renderer: networkd
  ethernets:
    ens33:
      addresses:
        - 10.7.0.128/24
      routes:
        - to: default
          via: 10.7.0.2
      nameservers:
        search: [localdomain]
        addresses: [10.7.0.2, 8.8.8.8]
EOF
sudo netplan generate
sudo netplan apply
ip addr show ens33
