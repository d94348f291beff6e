#include "models/registry.hpp"
#include "sim/app/cli.hpp"

int main(int argc, char** argv) { return sim::app::run_cli(argc, argv, models::catalog()); }
