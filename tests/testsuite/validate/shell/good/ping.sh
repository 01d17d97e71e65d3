ping -c 4 10.7.0.2
ping -c 4 www.baidu.com
ip route show default
