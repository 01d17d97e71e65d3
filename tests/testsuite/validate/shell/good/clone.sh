# After cloning a VM: drop the MAC address and UUID, rename the host
sudo sed -i '/^HWADDR=/d; /^UUID=/d' /etc/sysconfig/network-scripts/ifcfg-ens33
sudo hostnamectl set-hostname node2
echo "10.7.0.129 node2" | sudo tee -a /etc/hosts
sudo reboot
