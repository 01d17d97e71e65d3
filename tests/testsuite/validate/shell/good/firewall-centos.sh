systemctl stop firewalld.service
systemctl disable firewalld.service
yum install openssh-server
service sshd start
