# Let NetworkManager manage interfaces listed in /etc/network/interfaces
sudo sed -i 's/^managed=false/managed=true/' /etc/NetworkManager/NetworkManager.conf
grep -A1 '^\[ifupdown\]' /etc/NetworkManager/NetworkManager.conf
sudo systemctl restart NetworkManager
