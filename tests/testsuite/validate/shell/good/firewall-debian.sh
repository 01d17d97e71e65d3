iptables -F
apt install openssh-server
service sshd start
