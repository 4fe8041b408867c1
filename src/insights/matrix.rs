//! The service × cause matrix: for each pair, the incidents that affected the service and had
//! the cause, so each cell can link to the list behind its number.

use std::collections::BTreeMap;

use crate::archive::{Archive, IndexKind};

/// One non-empty cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixCell {
    /// Position of the service in the services index.
    pub service: usize,
    /// Position of the cause in the causes index.
    pub cause: usize,
    /// Its incidents, newest first.
    pub incidents: Vec<usize>,
}

/// Services (rows) × causes (columns), holding only non-empty cells.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Matrix {
    /// Services with at least one cell, in the index's order (most incidents first).
    pub services: Vec<usize>,
    /// Causes with at least one cell, in the index's order.
    pub causes: Vec<usize>,
    /// Non-empty cells, by service then cause (index order).
    pub cells: Vec<MatrixCell>,
    /// Incidents without a service or without a cause, which no cell holds.
    pub unplaced: usize,
}

impl Matrix {
    /// Builds the matrix from the services and causes indexes.
    pub fn build(archive: &Archive) -> Matrix {
        let n = archive.incidents.len();
        let positions = |kind: IndexKind| {
            let mut of: Vec<Vec<usize>> = vec![Vec::new(); n];
            for (pos, term) in archive.index_of(kind).terms.iter().enumerate() {
                for &i in &term.incidents {
                    of[i].push(pos);
                }
            }
            of
        };
        let (services_of, causes_of) =
            (positions(IndexKind::Services), positions(IndexKind::Causes));
        let mut cells: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
        let mut unplaced = 0;
        for i in 0..n {
            if services_of[i].is_empty() || causes_of[i].is_empty() {
                unplaced += 1;
                continue;
            }
            for &s in &services_of[i] {
                for &c in &causes_of[i] {
                    cells.entry((s, c)).or_default().push(i);
                }
            }
        }
        let mut services: Vec<usize> = cells.keys().map(|&(s, _)| s).collect();
        services.dedup();
        let mut causes: Vec<usize> = cells.keys().map(|&(_, c)| c).collect();
        causes.sort_unstable();
        causes.dedup();
        Matrix {
            services,
            causes,
            cells: cells
                .into_iter()
                .map(|((service, cause), incidents)| MatrixCell {
                    service,
                    cause,
                    incidents,
                })
                .collect(),
            unplaced,
        }
    }

    /// The cell of a service and a cause, if it has incidents.
    pub fn cell(&self, service: usize, cause: usize) -> Option<&MatrixCell> {
        self.cells
            .binary_search_by(|c| (c.service, c.cause).cmp(&(service, cause)))
            .ok()
            .map(|i| &self.cells[i])
    }

    /// The largest count of any cell (for shading), at least 1.
    pub fn max_count(&self) -> usize {
        self.cells
            .iter()
            .map(|c| c.incidents.len())
            .max()
            .unwrap_or(0)
            .max(1)
    }
}
