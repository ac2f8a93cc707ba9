//! The data the page holds, by catalogue `file`: built-in Arrow files fetched from the app's own
//! origin (each once; a failure is kept and said, not retried) and the user's merged files
//! (`user:<year>`, see `import::manifest::user_catalogue`).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::fetch::load_dataset;
use crate::import::manifest::is_user_file;
use crate::model::Dataset;
use crate::view::language::Message;
use crate::view::page::FileState;

#[derive(Clone, Copy)]
pub struct DataFiles {
    datasets: RwSignal<HashMap<String, Arc<Dataset>>>,
    loading: RwSignal<HashSet<String>>,
    errors: RwSignal<HashMap<String, Message>>,
}

impl DataFiles {
    pub fn new() -> DataFiles {
        DataFiles {
            datasets: RwSignal::new(HashMap::new()),
            loading: RwSignal::new(HashSet::new()),
            errors: RwSignal::new(HashMap::new()),
        }
    }

    /// The dataset of `file`, once it is in (tracked).
    pub fn get(&self, file: &str) -> Option<Arc<Dataset>> {
        self.datasets.with(|d| d.get(file).cloned())
    }

    /// Where `file` is: loaded, on its way, or failed (tracked).
    pub fn state(&self, file: &str) -> FileState {
        match self.errors.with(|e| e.get(file).cloned()) {
            Some(message) => FileState::Failed(message),
            None => self.get(file).map_or(FileState::Loading, FileState::Loaded),
        }
    }

    /// Fetches each of `files` that is not in, on its way, or failed.
    pub fn fetch_missing(&self, files: impl IntoIterator<Item = String>) {
        let DataFiles {
            datasets,
            loading,
            errors,
        } = *self;
        for file in files {
            let known = datasets.with_untracked(|d| d.contains_key(&file))
                || loading.with_untracked(|l| l.contains(&file))
                || errors.with_untracked(|e| e.contains_key(&file));
            if known {
                continue;
            }
            loading.update(|l| {
                l.insert(file.clone());
            });
            spawn_local(async move {
                match load_dataset(file.clone()).await {
                    Ok(dataset) => datasets.update(|d| {
                        d.insert(file.clone(), dataset);
                    }),
                    Err(message) => errors.update(|e| {
                        e.insert(file.clone(), message);
                    }),
                }
                loading.update(|l| {
                    l.remove(&file);
                });
            });
        }
    }

    /// The user's merged files, one dataset per year, in place of the previous ones.
    pub fn set_user_data(&self, user_datasets: Vec<(String, Dataset)>) {
        self.datasets.update(|d| {
            d.retain(|key, _| !is_user_file(key));
            d.extend(user_datasets.into_iter().map(|(k, v)| (k, Arc::new(v))));
        });
    }
}
