#pragma once
// The components of the Zhejiang model, as each of them (and each policy module) sees the others.
// A component owns its state, its parameters, its phases and its part of the checkpoint; the
// others read it through const views and change it only through its public methods.
namespace models::zhejiang {

class Context;
class Places;
class Households;
class Kin;
class Agriculture;
class Firms;
class GoodsMarket;
class Labour;
class Choices;
class Markets;
class Clusters;
class Migration;
class Government;
class Accounts;
class Welfare;
class Access;
class Summary;
class Ledger;
struct Channels;

struct World {
  Context* ctx = nullptr;
  Places* places = nullptr;
  Households* households = nullptr;
  Kin* kin = nullptr;
  Agriculture* agriculture = nullptr;
  Firms* firms = nullptr;
  GoodsMarket* goods = nullptr;
  Labour* labour = nullptr;
  Choices* choices = nullptr;
  Markets* markets = nullptr;
  Clusters* clusters = nullptr;
  Migration* migration = nullptr;
  Government* government = nullptr;
  Accounts* accounts = nullptr;
  Welfare* welfare = nullptr;
  Access* access = nullptr;
  Summary* summary = nullptr;
  Ledger* ledger = nullptr;
  Channels* channels = nullptr;
};

}  // namespace models::zhejiang
