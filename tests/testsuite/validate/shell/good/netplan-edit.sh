# Ubuntu 18.04+: create and edit the netplan file, then apply it
touch /etc/netplan/99_config.yaml
vim /etc/netplan/99_config.yaml
sudo netplan try
sudo netplan apply
