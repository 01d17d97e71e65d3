# expect: shell/config-as-command
宿主机网卡 --- 交换机 --- 虚拟机网卡
