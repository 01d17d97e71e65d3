# expect: shell/unused-variable
for i in 1 2 3; do
    ping -c 1 10.7.0.2
done
