# expect: shell/unterminated-heredoc
cat <<EOF | sudo tee /etc/resolv.conf
nameserver 10.7.0.2
