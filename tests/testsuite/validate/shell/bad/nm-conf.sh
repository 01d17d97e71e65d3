# expect: shell/config-as-command
sudo vim /etc/NetworkManager/NetworkManager.conf
managed=true
sudo reboot
