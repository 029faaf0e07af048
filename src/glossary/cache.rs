//! The compiled-glossary cache. Parsing and validating a large glossary is most of a
//! one-file check (TOML parsing alone is a third of it), and the glossary rarely
//! changes between two runs of a pre-commit hook; so `songsheet check` keeps the
//! validated glossary, and the matcher compiled from it, in a small binary file and
//! reads that instead while the glossary files are unchanged.
//!
//! Soundness rests on three checks, any failure of which is a miss (the glossary is
//! loaded from its files as usual and the cache file replaced):
//! - the file was written by a binary built from the very same sources (a fingerprint
//!   computed by `build.rs`), so the stored types are the ones this binary reads;
//! - the file's glossary part has the checksum it was written with;
//! - every source the glossary is built from (embedded rulesets, glossary files, the
//!   config's own entries) is stored in the file and compared byte for byte with what
//!   was just read: names, texts and order.
//!
//! The cache is an optimisation only: a cache directory that cannot be created,
//! read or written is silently ignored.

use super::matcher::Matcher;
use super::phrase_index::FxHasher;
use super::Glossary;
use crate::atomic::{write_atomically, Durability};
use serde::{Deserialize, Serialize};
use std::hash::Hasher;
use std::path::{Path, PathBuf};

/// Identifies the binary that wrote a cache file (version and a hash of its sources).
const BUILD_FINGERPRINT: &str = env!("SONGSHEET_BUILD_FINGERPRINT");

/// The first bytes of every cache file.
const MAGIC: &str = "songsheet glossary cache";

/// At most this many cached glossaries are kept; storing another removes the least
/// recently written (configs in temporary directories would otherwise pile up).
const MAX_CACHED_GLOSSARIES: usize = 64;

/// Cache files are named `glossary-<hash of the config's path>.bin`.
const FILE_PREFIX: &str = "glossary-";
const FILE_SUFFIX: &str = ".bin";

/// The environment variable that moves the cache.
pub const CACHE_DIR_VARIABLE: &str = "SONGSHEET_CACHE_DIR";

/// Where a glossary source came from; part of the cache key, so that a file named like
/// an embedded ruleset is never taken for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SourceKind {
    /// A TOML glossary file, or an embedded ruleset.
    File,
    /// Entries written in the config itself.
    ConfigEntries,
}

/// One input of the glossary, in loading order: its display name and full text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GlossarySource<'a> {
    /// File or config entries.
    pub kind: SourceKind,
    /// The name findings and errors use for it.
    pub name: &'a str,
    /// Its whole text.
    pub text: &'a str,
}

/// The head of a cache file, read before anything else.
#[derive(Serialize, Deserialize)]
struct Header<'a> {
    magic: &'a str,
    build: &'a str,
    /// [`checksum`] of the serialised [`Compiled`] that follows the sources.
    compiled_checksum: u64,
}

/// What a cache file keeps: the validated glossary and its compiled matcher (building
/// the matcher of a large glossary was a third of a one-file run's main thread).
#[derive(Debug, Serialize, Deserialize)]
pub struct Compiled {
    /// The glossary.
    pub glossary: Glossary,
    /// [`Matcher::new`] of it.
    pub matcher: Matcher,
}

impl Compiled {
    /// Compiles the matcher of `glossary`.
    pub fn new(glossary: Glossary) -> Compiled {
        Compiled {
            matcher: Matcher::new(&glossary),
            glossary,
        }
    }
}

/// A directory of cached glossaries: one file per config, replaced when its glossary
/// changes, so the directory holds at most one file per config ever used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlossaryCache {
    dir: PathBuf,
}

impl GlossaryCache {
    /// A cache in `dir` (created when first written).
    pub fn in_dir(dir: impl Into<PathBuf>) -> GlossaryCache {
        GlossaryCache { dir: dir.into() }
    }

    /// The user's cache: `$SONGSHEET_CACHE_DIR` when set, else `songsheet` in the
    /// platform's cache directory (`$XDG_CACHE_HOME` or `~/.cache` on Linux,
    /// `~/Library/Caches` on macOS, `%LOCALAPPDATA%` on Windows). `None` when there
    /// is no such directory (no home directory).
    pub fn user_default() -> Option<GlossaryCache> {
        match std::env::var_os(CACHE_DIR_VARIABLE) {
            Some(dir) if !dir.is_empty() => Some(GlossaryCache::in_dir(dir)),
            _ => dirs::cache_dir().map(|d| GlossaryCache::in_dir(d.join("songsheet"))),
        }
    }

    /// The cache file for the config at `config` (an absolute path).
    pub fn file_for(&self, config: &Path) -> PathBuf {
        let mut hasher = FxHasher::default();
        hasher.write(config.as_os_str().as_encoded_bytes());
        self.dir.join(format!(
            "{FILE_PREFIX}{:016x}{FILE_SUFFIX}",
            hasher.finish()
        ))
    }

    /// The glossary and matcher cached for `config`, if they were built by this binary
    /// from exactly `sources`.
    pub fn load(&self, config: &Path, sources: &[GlossarySource]) -> Option<Compiled> {
        let bytes = std::fs::read(self.file_for(config)).ok()?;
        decode(&bytes, sources)
    }

    /// Stores `compiled`, built from `sources`, for `config`. Errors are returned for
    /// tests; callers ignore them (a cache that cannot be written is no cache).
    pub fn store(
        &self,
        config: &Path,
        sources: &[GlossarySource],
        compiled: &Compiled,
    ) -> std::io::Result<()> {
        let bytes = encode(sources, compiled).map_err(std::io::Error::other)?;
        self.create_dir()?;
        let path = self.file_for(config);
        write_atomically(&path, Durability::Regenerable, |w| w.write_all(&bytes))?;
        self.prune(MAX_CACHED_GLOSSARIES, &path)
    }

    /// Removes the least recently written cache files beyond `keep`, never `current`.
    fn prune(&self, keep: usize, current: &Path) -> std::io::Result<()> {
        let mut files: Vec<(std::time::SystemTime, PathBuf)> = std::fs::read_dir(&self.dir)?
            .filter_map(|entry| entry.ok())
            .filter(|entry| {
                let name = entry.file_name();
                let name = name.to_string_lossy();
                name.starts_with(FILE_PREFIX) && name.ends_with(FILE_SUFFIX)
            })
            .filter_map(|entry| Some((entry.metadata().ok()?.modified().ok()?, entry.path())))
            .collect();
        if files.len() <= keep {
            return Ok(());
        }
        files.sort();
        let excess = files.len() - keep;
        for (_, path) in files.into_iter().filter(|(_, p)| p != current).take(excess) {
            // Another songsheet may have removed it already.
            let _ = std::fs::remove_file(path);
        }
        Ok(())
    }

    /// Creates the directory, private to the user (glossaries may hold unreleased
    /// claims), with a `CACHEDIR.TAG` so that backup tools skip it. A directory that
    /// exists already is left as it is: it may be one the user named for other things.
    fn create_dir(&self) -> std::io::Result<()> {
        if self.dir.is_dir() {
            return Ok(());
        }
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(&self.dir)?;
        std::fs::write(
            self.dir.join("CACHEDIR.TAG"),
            "Signature: 8a477f597d28d172789f06886806bc55\n\
             # This file is a cache directory tag created by songsheet.\n\
             # For information about cache directory tags see https://bford.info/cachedir/\n",
        )
    }
}

/// Header, sources, then the glossary and matcher, each in postcard's compact format.
fn encode(sources: &[GlossarySource], compiled: &Compiled) -> postcard::Result<Vec<u8>> {
    let compiled_bytes = postcard::to_stdvec(compiled)?;
    let header = Header {
        magic: MAGIC,
        build: BUILD_FINGERPRINT,
        compiled_checksum: checksum(&compiled_bytes),
    };
    let mut bytes = postcard::to_stdvec(&header)?;
    bytes.extend(postcard::to_stdvec(sources)?);
    bytes.extend(compiled_bytes);
    Ok(bytes)
}

/// The glossary and matcher in `bytes`, when they were written by this build from
/// `sources`.
fn decode(bytes: &[u8], sources: &[GlossarySource]) -> Option<Compiled> {
    let (header, rest) = postcard::take_from_bytes::<Header>(bytes).ok()?;
    if header.magic != MAGIC || header.build != BUILD_FINGERPRINT {
        return None;
    }
    let (stored, compiled_bytes) = postcard::take_from_bytes::<Vec<GlossarySource>>(rest).ok()?;
    if stored != sources || checksum(compiled_bytes) != header.compiled_checksum {
        return None;
    }
    postcard::from_bytes(compiled_bytes).ok()
}

/// Detects a damaged file (a disk error, a crash while the operating system was
/// writing it back); not a defence against tampering, which needs write access to
/// the user's own cache directory.
fn checksum(bytes: &[u8]) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write(bytes);
    hasher.write_usize(bytes.len());
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::GlossaryLoader;

    const GLOSSARY: &str = r#"
[[terms]]
id = "product-name"
use = "Brewline"
avoid = ["BrewLine", "Brew Line", "Brëwline"]

[[claims]]
id = "faster-close"
text = "Teams close deals 30% faster"
patterns = ["close [deals] {value} faster"]
value = "30%"
expires = "2030-01-31"

[[promises]]
id = "guarantee"
text = "30-day money-back guarantee"
regex = '(?i)(?P<value>\d+)-day money-back'
value = "30-day"
"#;

    fn sources(text: &str) -> [GlossarySource<'_>; 1] {
        [GlossarySource {
            kind: SourceKind::File,
            name: "glossary.toml",
            text,
        }]
    }

    fn loaded(text: &str) -> Compiled {
        let mut loader = GlossaryLoader::new();
        loader.add_file("glossary.toml", text);
        Compiled::new(loader.finish().expect("the test glossary is valid"))
    }

    /// Every hit of `compiled`'s matcher in `text`, as one paragraph.
    fn hits(compiled: &Compiled, text: &str) -> Vec<crate::glossary::matcher::Hit> {
        use crate::markdown::block::{BlockBuilder, BlockKind};
        let mut builder = BlockBuilder::new(BlockKind::Paragraph);
        builder.push_source(text, 0);
        let block = builder.finish(|_| Vec::new()).expect("a non-empty block");
        let quantities = crate::quantity::QuantitySpans::new(1);
        let mut out = Vec::new();
        compiled
            .matcher
            .scan_blocks(&compiled.glossary, [&block], &quantities, &mut out);
        out
    }

    #[test]
    fn a_stored_glossary_reads_back_the_same() {
        let dir = tempfile::TempDir::new().unwrap();
        let cache = GlossaryCache::in_dir(dir.path().join("cache"));
        let config = Path::new("/repo/songsheet.toml");
        let compiled = loaded(GLOSSARY);
        cache.store(config, &sources(GLOSSARY), &compiled).unwrap();
        let back = cache.load(config, &sources(GLOSSARY)).expect("a hit");
        // Debug output shows every field, the compiled patterns' nodes included.
        assert_eq!(
            format!("{:?}", back.glossary),
            format!("{:?}", compiled.glossary)
        );
        // The matcher read back finds what the one it was written from finds: each
        // term variant, a claim pattern, a phrase only the automaton finds (`#1`) and
        // a non-ASCII one (compiled to a regex again).
        let text = "BrewLine teams close deals 35% faster; the #1 Brew Line, the Brëwline way.";
        let found = hits(&compiled, text);
        assert!(found.len() >= 4, "{found:?}");
        assert_eq!(hits(&back, text), found);
        assert!(dir.path().join("cache/CACHEDIR.TAG").is_file());
    }

    #[test]
    fn any_change_to_the_sources_is_a_miss() {
        let dir = tempfile::TempDir::new().unwrap();
        let cache = GlossaryCache::in_dir(dir.path());
        let config = Path::new("/repo/songsheet.toml");
        cache
            .store(config, &sources(GLOSSARY), &loaded(GLOSSARY))
            .unwrap();
        let edited = GLOSSARY.replace("30%", "35%");
        assert!(cache.load(config, &sources(&edited)).is_none());
        let renamed = [GlossarySource {
            name: "other.toml",
            ..sources(GLOSSARY)[0]
        }];
        assert!(cache.load(config, &renamed).is_none());
        let as_config_entries = [GlossarySource {
            kind: SourceKind::ConfigEntries,
            ..sources(GLOSSARY)[0]
        }];
        assert!(cache.load(config, &as_config_entries).is_none());
        let twice = [sources(GLOSSARY)[0], sources(GLOSSARY)[0]];
        assert!(cache.load(config, &twice).is_none());
        assert!(cache
            .load(Path::new("/other/songsheet.toml"), &sources(GLOSSARY))
            .is_none());
        assert!(cache.load(config, &sources(GLOSSARY)).is_some());
    }

    #[test]
    fn another_build_or_a_damaged_file_is_a_miss() {
        let compiled = loaded(GLOSSARY);
        let good = encode(&sources(GLOSSARY), &compiled).unwrap();
        assert!(decode(&good, &sources(GLOSSARY)).is_some());

        let fingerprint_end = good
            .windows(BUILD_FINGERPRINT.len())
            .position(|w| w == BUILD_FINGERPRINT.as_bytes())
            .expect("the header names the build")
            + BUILD_FINGERPRINT.len();
        let mut other_build = good.clone();
        other_build[fingerprint_end - 1] ^= 0x01;
        assert!(decode(&other_build, &sources(GLOSSARY)).is_none());

        // Every truncation, and a flipped bit anywhere in the glossary and matcher.
        for len in 0..good.len() {
            assert!(decode(&good[..len], &sources(GLOSSARY)).is_none(), "{len}");
        }
        let compiled_start = good.len() - postcard::to_stdvec(&compiled).unwrap().len();
        for at in compiled_start..good.len() {
            let mut damaged = good.clone();
            damaged[at] ^= 0x10;
            assert!(decode(&damaged, &sources(GLOSSARY)).is_none(), "{at}");
        }
        assert!(decode(&[0; 64], &sources(GLOSSARY)).is_none());
    }

    #[test]
    fn old_files_are_pruned_beyond_the_limit() {
        let dir = tempfile::TempDir::new().unwrap();
        let cache = GlossaryCache::in_dir(dir.path());
        let compiled = loaded(GLOSSARY);
        let configs: Vec<PathBuf> = (0..5)
            .map(|i| PathBuf::from(format!("/repo-{i}/songsheet.toml")))
            .collect();
        for (i, config) in configs.iter().enumerate() {
            cache.store(config, &sources(GLOSSARY), &compiled).unwrap();
            // Distinct modification times, oldest first.
            let file = std::fs::File::options()
                .append(true)
                .open(cache.file_for(config))
                .unwrap();
            let when = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(i as u64);
            file.set_modified(when).unwrap();
        }
        std::fs::write(dir.path().join("unrelated.txt"), "kept").unwrap();
        cache.prune(2, &cache.file_for(&configs[0])).unwrap();
        let kept: Vec<bool> = configs.iter().map(|c| cache.file_for(c).exists()).collect();
        // The oldest is the current file, so it stays; the next three go.
        assert_eq!(kept, [true, false, false, false, true]);
        assert!(dir.path().join("unrelated.txt").exists());
    }

    #[test]
    fn an_unwritable_directory_is_an_error_not_a_panic() {
        let dir = tempfile::TempDir::new().unwrap();
        let blocker = dir.path().join("a-file");
        std::fs::write(&blocker, "not a directory").unwrap();
        let cache = GlossaryCache::in_dir(blocker.join("cache"));
        let config = Path::new("/repo/songsheet.toml");
        assert!(cache
            .store(config, &sources(GLOSSARY), &loaded(GLOSSARY))
            .is_err());
        assert!(cache.load(config, &sources(GLOSSARY)).is_none());
    }
}
