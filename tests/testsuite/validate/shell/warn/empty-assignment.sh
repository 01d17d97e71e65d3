# expect: shell/unused-variable
# Emptying a variable is shell, not an ifcfg line.
NAME=''
