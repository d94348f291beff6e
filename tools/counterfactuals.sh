#!/usr/bin/env bash
# Runs every counterfactual of docs/scenarios.md against the baseline with paired seeds and writes
# one `xiaoda compare` table per counterfactual to docs/scenarios_data/NAME.csv, with the differences
# over every year in NAME_over_time.csv and drawn with their 95 % bands in NAME.png.
#
# usage: tools/counterfactuals.sh [REPLICATES] [OUT_DIR] [extra xiaoda compare options...]
#   REPLICATES  paired seeds per comparison (default 20; seeds 1..N)
#   OUT_DIR     where the tables go (default docs/scenarios_data)
# Runs at the baseline scenario's own scale (the calibrated one); 2 runs at once.
set -euo pipefail
cd "$(dirname "$0")/.."
reps="${1:-20}"
out="${2:-docs/scenarios_data}"
shift $(( $# > 2 ? 2 : $# )) || true
extra=("$@")
bin="${XIAODA_BIN:-./build/release/xiaoda}"
base=scenarios/zhejiang_1978_2013.yaml
mkdir -p "$out"
years=1990,2000,2008,2013
poverty=urban_poverty_rate_absolute,rural_poverty_rate_absolute,poverty_rate
economy=gdp_per_capita_nominal,manufacturing_value_added,firms,urbanization_rate,residents_from_other_provinces
compare() {  # name indicators
  local name=$1 ind=$2
  echo "== $name"
  "$bin" compare "$base" "scenarios/counterfactuals/$name.yaml" --replicates "$reps" --jobs 2 --threads 1 \
    --years "$years" --indicators "$ind" --out "$out/$name.csv" --plot "$out/$name.png" "${extra[@]}"
}
compare exclusive_urbanization "$poverty,left_behind_children,migrant_children_public_seat_share,$economy,rural_net_income_per_capita,urban_disposable_income_per_capita"
compare no_relocation "remote_village_poverty_rate,households_relocated,$poverty,urbanization_rate,rural_net_income_per_capita"
compare no_mutual_finance "firms_founded_lower_half,firms_founded,firms_founded_with_finance,$economy,farmers_became_investors_operators,gini_income"
compare no_wholesale_markets "$economy,commodity_markets,commodity_market_turnover,traders,block_economies_over_1bn_sales,rural_net_income_per_capita"
compare half_founding "$economy,firms_founded,block_economies_over_1bn_sales,rural_net_income_per_capita"
compare trade_only "$economy,traders,block_economies_over_1bn_sales,rural_net_income_per_capita"
compare late_hukou_reform "$poverty,left_behind_children,migrant_children_public_seat_share,$economy,hukou_conversions"
compare transfer_region "$economy,rural_net_income_per_capita,$poverty,farmers_became_investors_operators"
echo "tables in $out"
