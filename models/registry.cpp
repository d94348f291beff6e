#include "models/registry.hpp"

#include "models/reference/boltzmann.hpp"

namespace models {

sim::ModelCatalog catalog() {
  sim::ModelCatalog c;
  // One line per model. Keep this list explicit: it is where a reader finds every model.
  c.add(reference::boltzmann_info());
  return c;
}

}  // namespace models
