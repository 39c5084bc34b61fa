// Uses the installed attrex through its public headers only.
#include <attrex/attrex.h>

#include <iostream>

int main() {
  const attrex::NormalizedText n = attrex::Normalize("Forţele Armate");
  if (n.view() != "fortele armate") {
    std::cerr << "unexpected view: " << n.view() << "\n";
    return 1;
  }
  std::cout << "attrex " << attrex::Version() << " works: " << n.view() << "\n";
  return 0;
}
