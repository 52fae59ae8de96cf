//! The document as a tree of sections: each heading owns the blocks under it and its
//! sub-headings.

use super::super::blocks::{Block, BlockKind};

pub(super) struct Section<'a> {
    pub(super) heading: Option<&'a Block>,
    pub(super) level: u8,
    pub(super) body: Vec<&'a Block>,
    pub(super) children: Vec<Section<'a>>,
}

impl<'a> Section<'a> {
    pub(super) fn tree(blocks: &'a [Block]) -> Section<'a> {
        let mut stack = vec![Section { heading: None, level: 0, body: Vec::new(), children: Vec::new() }];
        for block in blocks {
            if let BlockKind::Heading { level } = block.kind {
                while stack.len() > 1 && stack.last().is_some_and(|top| top.level >= level) {
                    if let Some(done) = stack.pop()
                        && let Some(parent) = stack.last_mut()
                    {
                        parent.children.push(done);
                    }
                }
                stack.push(Section { heading: Some(block), level, body: Vec::new(), children: Vec::new() });
            } else if let Some(top) = stack.last_mut() {
                top.body.push(block);
            }
        }
        while stack.len() > 1 {
            if let Some(done) = stack.pop()
                && let Some(parent) = stack.last_mut()
            {
                parent.children.push(done);
            }
        }
        stack.pop().unwrap_or(Section { heading: None, level: 0, body: Vec::new(), children: Vec::new() })
    }
}
