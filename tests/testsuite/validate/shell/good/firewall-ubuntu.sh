ufw disable
apt install openssh-server
service sshd start
sudo systemctl disable ufw.service
