#include "models/registry.hpp"

#include "models/reference/boltzmann.hpp"
#include "models/zhejiang/model.hpp"
#include "models/reference/harris_todaro.hpp"
#include "models/reference/schelling.hpp"

namespace models {

sim::ModelCatalog catalog() {
  sim::ModelCatalog c;
  // One line per model. Keep this list explicit: it is where a reader finds every model.
  c.add(reference::boltzmann_info());
  c.add(zhejiang::zhejiang_info());
  c.add(reference::harris_todaro_info());
  c.add(reference::schelling_info());
  return c;
}

}  // namespace models
