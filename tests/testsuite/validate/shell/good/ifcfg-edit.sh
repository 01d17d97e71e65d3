# CentOS 7: edit the interface file and restart the network service
vim /etc/sysconfig/network-scripts/ifcfg-ens33
sudo sed -i 's/^BOOTPROTO=dhcp/BOOTPROTO=none/' /etc/sysconfig/network-scripts/ifcfg-ens33
printf '%s\n' 'IPADDR=10.7.0.128' 'PREFIX=24' 'GATEWAY=10.7.0.2' | sudo tee -a /etc/sysconfig/network-scripts/ifcfg-ens33
sudo systemctl restart network
