# Valid bash that once looked wrong: a sourced file with an escaped `.`,
# and select (bash -n accepts both).
[ -s "$NVM_DIR/nvm.sh" ] && \. "$NVM_DIR/nvm.sh"
select yn in "Oui" "Non"; do
  echo "$yn"
  break
done
