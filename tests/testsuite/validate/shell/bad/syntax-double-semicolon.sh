# expect: shell/syntax
sudo systemctl restart network;; ip addr
