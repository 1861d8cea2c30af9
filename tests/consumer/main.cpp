#include <scrutineer/scrutineer.hpp>
int main() { return scrutineer::ristretto255::is_identity(scrutineer::ristretto255::identity()) ? 0 : 1; }
