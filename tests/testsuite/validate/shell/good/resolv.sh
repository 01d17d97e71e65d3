# Point the resolver at the NAT gateway, then at a public server
echo "nameserver 10.7.0.2" | sudo tee /etc/resolv.conf
echo "nameserver 8.8.8.8" | sudo tee -a /etc/resolv.conf
cat /etc/resolv.conf
sudo vim /etc/resolvconf/resolv.conf.d/base
sudo resolvconf -u
