//! The ministry's own means (各項目の平均値): for each area, item, sex and age band the mean of
//! everyone in it with a value, published beside the distributions. They are not derived from
//! the bins, so they check the within-bin model and give the trend's mean where the ministry
//! published one.

use crate::model::{AgeBand, AreaLevel, Provenance, Sex};

/// One published mean.
#[derive(Clone, Debug, PartialEq)]
pub struct PublishedMean {
    pub year: i32,
    /// `National` for the workbook's 全国 rows (code empty).
    pub area_level: AreaLevel,
    pub area_code: String,
    pub area_name: String,
    pub sex: Sex,
    /// [`AgeBand::SUBTOTAL`] for the 中計 column (the sex's mean over ages 40–74).
    pub age_band: AgeBand,
    pub indicator: String,
    /// `None` where the cell is suppressed or blank (no one in the stratum had the item
    /// measured): unknown, never zero.
    pub mean: Option<f64>,
}

/// The means read from one workbook, with where they came from.
#[derive(Clone, Debug, PartialEq)]
pub struct PublishedMeans {
    pub provenance: Provenance,
    pub means: Vec<PublishedMean>,
}

impl PublishedMeans {
    /// The mean of one stratum, if published (and not suppressed).
    pub fn find(
        &self,
        indicator: &str,
        area_level: AreaLevel,
        area_code: &str,
        sex: Sex,
        age_band: AgeBand,
    ) -> Option<f64> {
        self.means
            .iter()
            .find(|m| {
                m.indicator == indicator
                    && m.area_level == area_level
                    && m.area_code == area_code
                    && m.sex == sex
                    && m.age_band == age_band
            })
            .and_then(|m| m.mean)
    }
}
